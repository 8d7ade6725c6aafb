"""Learning from the gold files: the lockbox, grouped cross-validation folds, and the
training of the extractor's learned verifier (``tcwatch train``)."""
