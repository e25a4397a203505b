"""Signing a recruiter in for the tests, the way they really sign in: with an access code."""

from __future__ import annotations
