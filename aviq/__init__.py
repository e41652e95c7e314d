"""The AVIQ workspace: the programme dashboard of all consortia, the review queue and review pages, support requests
and the practice sheets consortia publish for each other. Above every consortium app: it reads them all."""
