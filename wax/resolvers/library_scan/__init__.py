"""The library scanner: the owner's music folder read into songs, albums and artists.

progress.py holds the progress shape, scanner.py the scan itself (what changed on disk
since the last scan, and the writes that follow), jobs.py the one-at-a-time background
job recorded as ScanRun.
"""
