"""The story desk: stories that persist in a database and update as articles arrive.

A story is rows (``db.py``): the story, its articles, its versions, a summary per finished
version and its pending work. An append is one transaction (articles, a version and a pending
recompute); ``StoryWorker`` takes pending rows, runs the pipeline through the app's backend and
writes the version's summary. Reads serve the latest finished version and never wait on a
recompute.
"""
