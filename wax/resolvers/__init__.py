"""The domain layer: plain async functions that GraphQL and REST both call.

Nothing here knows about HTTP or GraphQL; failures are raised as wax.errors.
"""
