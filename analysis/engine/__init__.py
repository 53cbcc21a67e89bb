"""Engine: every measure at once over a corpus — :func:`analysis.analyze` and :func:`.pipeline.prepare` with one
frozen :class:`.pipeline.AnalysisOptions` that the :class:`.pipeline.AnalysisStore` owns — cached per article
(:mod:`.cache`), in parallel, and the report tables' folds run chunk by chunk or on Dask (:mod:`.aggregates`)."""
