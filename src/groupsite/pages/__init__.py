"""What the build writes: the list and its years, paper, people's, topics', offers' and courses' pages, exports."""
