// Placeholder: the seed and bench suite land here (issue 8).
