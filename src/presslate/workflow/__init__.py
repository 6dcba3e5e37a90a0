"""Orchestration over a whole project: which articles, translate, build, run state, the project lock."""
