"""The InforMEA provider: OData v2-style JSON of meetings, decisions, documents, reports and plans (contracts §6)."""
