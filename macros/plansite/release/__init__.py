"""Publishing versions with mike: publish, withdraw records made private, and the published data the What changed preview compares with."""
