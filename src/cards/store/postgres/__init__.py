"""PostgreSQL as a second engine: one collection that several machines share.

`engine` opens a collection on a server (`PostgresStore`), `migrations` creates and
upgrades its schema, `sql` holds the SQL only PostgreSQL needs. Importing this
package imports no driver: psycopg loads when a store is opened.
"""
