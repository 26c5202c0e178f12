"""Briefing intake: extract text from an upload, propose a review from it, save it as a draft.

extract.py  files and pasted text -> the whole text (with clear errors for bad input)
parser.py   text -> a Proposal (review, family, findings, recommendations, actions, questions)
themes.py   keyword-based theme suggestions, each with the words that triggered it
services.py the atomic writes: save a proposal as a draft review, publish a review
forms.py, views.py  the admin pages "Add a briefing" and its editable preview
"""
