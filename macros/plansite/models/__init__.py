"""The data's shape: one pydantic model module per kind of dataset, the types they share (ids, plan dates, gaps, status), and the registry with one description per dataset."""
