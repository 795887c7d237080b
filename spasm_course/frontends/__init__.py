"""The front ends: what shows the engines' results to people.  The JupyterLab widgets
(:mod:`.quiz_widget`, :mod:`.triage_widget`, imported only when a notebook asks for
one), the plain-text triage card (:mod:`.triage_card`), the website's kernel-free
HTML and page data (:mod:`.render`, :mod:`.preview`), the exports (:mod:`.export`),
the printed PDFs (:mod:`.pdf`) and the instructor's progress report
(:mod:`.progress_report`).
"""
