"""Engine: every measure at once over a corpus — :func:`analysis.analyze` and :func:`.pipeline.prepare` —
cached per article (:mod:`.cache`), in parallel, chunk by chunk and on Dask (:mod:`.aggregates`)."""
