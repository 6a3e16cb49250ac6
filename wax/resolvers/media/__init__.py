"""Playing and downloading the library's files: signed URLs, and what they serve."""
