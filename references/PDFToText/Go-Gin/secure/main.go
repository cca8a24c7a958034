package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net/http"

	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

const maxUpload = 10 << 20 // uploads beyond 10 MB are refused with 413

func tooLarge(c *gin.Context) {
	c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": "The uploaded file is too large."})
}

func convert(c *gin.Context) {
	if c.Request.ContentLength > maxUpload {
		tooLarge(c)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	file, _, err := c.Request.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			tooLarge(c)
			return
		}
		c.JSON(http.StatusBadRequest, gin.H{"error": "Missing file."})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "Missing file."})
		return
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		c.JSON(http.StatusBadRequest, gin.H{"error": "The file is not a PDF."})
		return
	}
	work, err := os.MkdirTemp("", "pdftotext-")
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "no scratch directory"})
		return
	}
	defer os.RemoveAll(work)
	// The client's file name is never used: the upload is stored under a fixed name.
	path := filepath.Join(work, "input.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the file"})
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", path, "-").Output()
	if ctx.Err() != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "The conversion took too long."})
		return
	}
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "The file could not be converted."})
		return
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(strings.ToValidUTF8(string(out), "\uFFFD")))
}

func main() {
	r := gin.Default()
	r.POST("/convert", convert)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
