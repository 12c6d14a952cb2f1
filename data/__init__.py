"""The trajectory store: data contract, synthetic default build and ingest of real exports."""
