"""Reading: corpus files to one tidy table of articles (:func:`analysis.load_corpus`, :func:`analysis.read_corpus`).

In the order a file goes through them: :mod:`.files` (which files are read), :mod:`.decode`
(bytes to text), :mod:`.pages` (page captures and HTML) or :mod:`.tables` (CSV, JSONL,
Parquet), :mod:`.clean` (page furniture line by line), :mod:`.dates`, :mod:`.manifest`
(curated metadata), :mod:`.metadata` (typed extra columns), :mod:`.filters` (``where=``),
:mod:`.furniture` (furniture inside the texts), :mod:`.duplicates` (near-duplicates), and
:mod:`.load`, which runs them and accounts for everything left out.
"""
