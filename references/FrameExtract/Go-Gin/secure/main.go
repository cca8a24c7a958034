package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"

	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

const maxUpload = 100 << 20 // uploads beyond 100 MB are refused with 413

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func extract(c *gin.Context) {
	if c.Request.ContentLength > maxUpload {
		c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": "The upload is too large."})
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	if err := c.Request.ParseMultipartForm(32 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": "The upload is too large."})
			return
		}
		c.JSON(http.StatusBadRequest, gin.H{"error": "a multipart form is required"})
		return
	}
	defer c.Request.MultipartForm.RemoveAll()
	frameText := c.PostForm("frameNumber")
	video, _, err := c.Request.FormFile("video")
	if err != nil || c.PostForm("videoFileName") == "" || !isDigits(frameText) {
		c.JSON(http.StatusBadRequest, gin.H{"error": "videoFileName, a non-negative frameNumber and video are required"})
		return
	}
	defer video.Close()
	frame, err := strconv.Atoi(frameText)
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "frameNumber is too large"})
		return
	}
	work, err := os.MkdirTemp("", "frames-")
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "no scratch directory"})
		return
	}
	defer os.RemoveAll(work)
	// The upload is stored under a name of our own; videoFileName is never used as a path.
	source, out := filepath.Join(work, "input"), filepath.Join(work, "frame.png")
	f, err := os.Create(source)
	if err == nil {
		_, err = io.Copy(f, video)
		f.Close()
	}
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the upload"})
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", "-v", "error", "-nostdin", "-i", source,
		"-vf", fmt.Sprintf(`select=eq(n\,%d)`, frame), "-vframes", "1", "-y", out)
	_ = cmd.Run()
	if ctx.Err() != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "The video took too long to decode."})
		return
	}
	data, err := os.ReadFile(out)
	if err != nil || len(data) == 0 {
		c.JSON(http.StatusNotFound, gin.H{"error": fmt.Sprintf("Frame at index %d could not be found.", frame)})
		return
	}
	c.Data(http.StatusOK, "image/png", data)
}

func main() {
	r := gin.Default()
	r.POST("/extract", extract)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
