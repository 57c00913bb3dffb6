"""derivations"""
