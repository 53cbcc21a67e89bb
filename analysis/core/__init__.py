"""Core: what every layer uses — paths (:mod:`.config`), error classes (:mod:`.errors`), the columns of
every table (:mod:`.schema`), input checks (:mod:`.checks`), the one process pool (:mod:`.parallel`) and
progress that reads well on a terminal and in a log (:mod:`.progress`)."""
