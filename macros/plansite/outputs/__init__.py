"""What a build adds beside the pages, whichever engine made them: open data, feeds, the board pack PDF, JSON Schemas, and the pre-rendered Markdown site Zensical builds from."""
