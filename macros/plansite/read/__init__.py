"""Reading a site's files: YAML data with the line of every value, mkdocs.yml without MkDocs, board update posts, and the disk cache that spares unchanged files a second read."""
