"""PDF building blocks: Chinese fonts and the GB/T 9704-2012 page layout."""
