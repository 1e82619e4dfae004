"""Problems and the checks that find them: plain-English problem lines, model errors, cross-references, review dates, what HTML a page may hold, links and the browser sweep of a built site."""
