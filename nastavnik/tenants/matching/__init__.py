"""Matching mentees with mentors (roadmap stage 4.1): scores with their reasons in words,
and the exact best assignment of a whole bank. The curator's pages build on it."""
