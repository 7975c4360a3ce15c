"""OAI-PMH 2.0 data provider for the library (contracts §6), served at /oai/.

protocol.py  argument rules and error conditions per verb
tokens.py    signed, stateless resumption tokens
repository.py  the record source: live default-locale resources, tombstones, sets, keyset pages
dublin_core.py the oai_dc mapping of a resource
serialise.py   the XML (lxml) of the envelope, headers, records and verb bodies
views.py     the endpoint and one handler per verb
tombstones.py  what harvesters are told when a record leaves or rejoins the public (or a set)
signals.py   the Wagtail and Django signals that call it: save, unpublish, delete, privacy, move
"""
