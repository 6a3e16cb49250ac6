"""Tortoise's database clients as wax runs them (`engine` in wax.database's Tortoise config).

- faults: the driver's errors that mean "the database is away" become
  wax.errors.DatabaseUnavailable here, where they enter, so every edge answers 503.
- sqlite: several processes on one file (WAL, a busy timeout, BEGIN IMMEDIATE).
- postgres: asyncpg, with the faults translated and no connection lost to a failed BEGIN.
"""
