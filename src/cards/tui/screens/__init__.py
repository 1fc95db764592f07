"""The app's screens; each calls only the collection service layer."""
