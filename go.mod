module github.com/pgarch/pgarch

go 1.26
