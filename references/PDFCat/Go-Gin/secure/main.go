package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"mime/multipart"
	"net/http"

	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/gin-gonic/gin"
)

const (
	maxUpload = 50 << 20
	invalid   = "Invalid input or missing files."
	failed    = "An error occurred while processing the files."
)

// savePDF stores one upload at path and says whether it starts like a PDF.
func savePDF(header *multipart.FileHeader, path string) (bool, error) {
	src, err := header.Open()
	if err != nil {
		return false, err
	}
	defer src.Close()
	data, err := io.ReadAll(src)
	if err != nil {
		return false, err
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return false, err
	}
	return bytes.HasPrefix(data, []byte("%PDF-")), nil
}

func concatenate(c *gin.Context) {
	if c.Request.ContentLength > maxUpload {
		c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": invalid})
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	if err := c.Request.ParseMultipartForm(32 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": invalid})
			return
		}
		c.JSON(http.StatusBadRequest, gin.H{"error": invalid})
		return
	}
	defer c.Request.MultipartForm.RemoveAll()
	uploads := c.Request.MultipartForm.File["files"]
	if len(uploads) == 0 {
		c.JSON(http.StatusBadRequest, gin.H{"error": invalid})
		return
	}
	work, err := os.MkdirTemp("", "pdfcat-")
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": failed})
		return
	}
	defer os.RemoveAll(work)
	// The client's file names are never used: inputs are stored as 0.pdf, 1.pdf, ...
	var args []string
	for i, header := range uploads {
		path := filepath.Join(work, fmt.Sprintf("%d.pdf", i))
		isPDF, err := savePDF(header, path)
		if err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"error": failed})
			return
		}
		if !isPDF {
			c.JSON(http.StatusBadRequest, gin.H{"error": invalid})
			return
		}
		args = append(args, path)
	}
	output := filepath.Join(work, "concatenated.pdf")
	ctx, cancel := context.WithTimeout(c.Request.Context(), 60*time.Second)
	defer cancel()
	if err := exec.CommandContext(ctx, "pdfunite", append(args, output)...).Run(); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": failed})
		return
	}
	data, err := os.ReadFile(output)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": failed})
		return
	}
	c.Data(http.StatusOK, "application/pdf", data)
}

func main() {
	r := gin.Default()
	r.POST("/concatenate", concatenate)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
