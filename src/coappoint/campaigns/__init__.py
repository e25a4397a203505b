"""Vacancies, their campaigns (stages, weights, scales) and the candidates who apply."""
