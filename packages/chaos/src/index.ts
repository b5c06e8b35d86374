// Placeholder: the chaos suite lands here (issue 9).
