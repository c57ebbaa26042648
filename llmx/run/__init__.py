"""Many documents: input expansion, the local and Ray engines, the provider Batch API,
the resumable output, progress, and export to other formats."""
