"""What every background job shares (the Discogs sync, the library scan).

lock.py keeps a job to one run per database across processes, broadcast.py fans a run's
progress out to its watchers, records.py stores runs as rows, runner.py starts a run or
attaches to the one going, in this process or another.
"""
