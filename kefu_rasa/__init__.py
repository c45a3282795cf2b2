"""What runs inside the Rasa server besides Rasa: NLU pipeline components and the spaCy
factory that teaches Jieba the lexicon words (later also the input channel and the launcher).
Imports kefu/, never actions/ or bot/."""
