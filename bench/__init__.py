"""make bench: wax measured side by side with a raw baseline, in one run."""
