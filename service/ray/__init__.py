"""newsfuse on Ray (``pip install newsfuse[ray]``): Serve replicas and batch actors, each
owning one ``PipelineRunner``. Nothing imports this package unless asked for Ray."""
