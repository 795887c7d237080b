"""The Sphinx extensions the book loads (``_config.yml``, ``sphinx.extra_extensions``):
:mod:`.ext` (bank check, answer key, what a page is made from), :mod:`.mime` (the
notebooks' quizzes and simulator, rendered from the bank), :mod:`.progress` (progress page),
:mod:`.practice` (Practice again), :mod:`.site` (page clean-ups and the front end's
assets), :mod:`.hosting` (hosting settings, print stylesheet) and :mod:`.slim`
(light pages).  The old names (``spasm_course.sphinx_ext`` and so on) still work:
see the thin modules beside this package.
"""
