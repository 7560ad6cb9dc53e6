## points
