"""Letters to applicants and third parties: templates, legal bases, document kinds."""
