"""The review page: every record next to the sentence it came from."""
