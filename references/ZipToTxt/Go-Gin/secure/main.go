package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"log"
	"net/http"

	"strings"

	"github.com/gin-gonic/gin"
)

const (
	maxUpload = 20 << 20 // bytes of archive accepted
	maxText   = 10 << 20 // bytes of text the archive may expand to
)

var errTooLarge = errors.New("the archive expands to more text than allowed")

// readBounded reads the entry, never more than budget bytes of it (sizes in headers can lie).
func readBounded(f *zip.File, budget int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, budget+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > budget {
		return nil, errTooLarge
	}
	return data, nil
}

// texts reads the .txt entries of the archive as text, never expanding beyond maxText bytes.
// Entries are only read, never written to disk, so their names cannot reach a path.
func texts(archive []byte) ([]string, error) {
	reader, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return nil, err
	}
	var entries []*zip.File
	var declared uint64
	for _, f := range reader.File {
		if !f.FileInfo().IsDir() && f.Mode().IsRegular() && strings.HasSuffix(strings.ToLower(f.Name), ".txt") {
			entries = append(entries, f)
			declared += f.UncompressedSize64
		}
	}
	if declared > maxText {
		return nil, errTooLarge
	}
	var out []string
	budget := int64(maxText)
	for _, f := range entries {
		data, err := readBounded(f, budget)
		if err != nil {
			return nil, err
		}
		budget -= int64(len(data))
		out = append(out, strings.ToValidUTF8(string(data), "\uFFFD"))
	}
	return out, nil
}

func convert(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	file, _, err := c.Request.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": "the upload is too large"})
			return
		}
		c.JSON(http.StatusBadRequest, gin.H{"error": "a zip file is required in the part 'file'"})
		return
	}
	defer file.Close()
	archive, err := io.ReadAll(file)
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "could not read the upload"})
		return
	}
	found, err := texts(archive)
	if errors.Is(err, errTooLarge) {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "the upload is not a valid zip archive"})
		return
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(strings.Join(found, "\n")))
}

func main() {
	r := gin.Default()
	r.POST("/convert", convert)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
