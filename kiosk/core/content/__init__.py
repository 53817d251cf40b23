"""Content: YAML to a checked model; pictures, links, reading level, versions, git pull."""
