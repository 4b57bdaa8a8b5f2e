"""Full-text papers: readers that turn a paper into a document of passages
(each with its section path and kind, and its offset in the source), and
the section classifier. An abstract is a document with two fields; a full
paper is one with passages, read by the same extractor."""
