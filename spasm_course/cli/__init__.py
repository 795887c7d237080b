"""The command line: ``python -m spasm_course <command>`` (:mod:`.main`); the ``check``
and ``schema`` commands live here, the others with their front end (``export``, ``pdf``,
``progress-report``).
"""
