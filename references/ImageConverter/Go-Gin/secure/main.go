package main

import (
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
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

const (
	maxUpload = 50 << 20
	maxSide   = 2000 // frames beyond 2000x2000 cost more memory and time than this service allows
	maxImages = 50
)

var sizePattern = regexp.MustCompile(`^(\d{1,5})x(\d{1,5})$`)
var delayPattern = regexp.MustCompile(`^\d{1,6}$`)

func parseSize(text string) (int, int, bool) {
	m := sizePattern.FindStringSubmatch(text)
	if m == nil {
		return 0, 0, false
	}
	width, _ := strconv.Atoi(m[1])
	height, _ := strconv.Atoi(m[2])
	return width, height, width > 0 && width <= maxSide && height > 0 && height <= maxSide
}

func formValue(c *gin.Context, name, def string) string {
	if values, ok := c.Request.MultipartForm.Value[name]; ok && len(values) > 0 {
		return values[0]
	}
	return def
}

func createGIF(c *gin.Context) {
	if c.Request.ContentLength > maxUpload {
		c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": "the upload is too large"})
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	if err := c.Request.ParseMultipartForm(32 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": "the upload is too large"})
			return
		}
		c.JSON(http.StatusBadRequest, gin.H{"error": "a multipart form is required"})
		return
	}
	defer c.Request.MultipartForm.RemoveAll()
	images := c.Request.MultipartForm.File["images"]
	width, height, sizeOK := parseSize(formValue(c, "targetSize", ""))
	delayText := formValue(c, "delay", "10")
	reverted := strings.ToLower(formValue(c, "appendReverted", "false"))
	if len(images) == 0 || len(images) > maxImages {
		c.JSON(http.StatusBadRequest, gin.H{"error": fmt.Sprintf("send between 1 and %d images", maxImages)})
		return
	}
	if !sizeOK {
		c.JSON(http.StatusBadRequest, gin.H{"error": fmt.Sprintf("targetSize must be WIDTHxHEIGHT, each at most %d", maxSide)})
		return
	}
	if !delayPattern.MatchString(delayText) || (reverted != "true" && reverted != "false") {
		c.JSON(http.StatusBadRequest, gin.H{"error": "delay must be a non-negative integer, appendReverted true or false"})
		return
	}
	delay, _ := strconv.Atoi(delayText)
	work, err := os.MkdirTemp("", "gif-")
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "no scratch directory"})
		return
	}
	defer os.RemoveAll(work)
	// Uploads are stored under names of our own; the client's file names are never used.
	args := []string{"-delay", fmt.Sprintf("%dx1000", delay), "-loop", "0"}
	for i, header := range images {
		path := filepath.Join(work, fmt.Sprintf("frame%d", i))
		if err := saveUpload(header, path); err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store an upload"})
			return
		}
		args = append(args, path)
	}
	out := filepath.Join(work, "out.gif")
	args = append(args, "-resize", fmt.Sprintf("%dx%d", width, height))
	if reverted == "true" {
		args = append(args, "(", "-clone", "0--1", "-reverse", ")")
	}
	args = append(args, out)
	ctx, cancel := context.WithTimeout(c.Request.Context(), 60*time.Second)
	defer cancel()
	if err := exec.CommandContext(ctx, "convert", args...).Run(); err != nil {
		if ctx.Err() != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"error": "the GIF took too long to make"})
			return
		}
		c.JSON(http.StatusBadRequest, gin.H{"error": "the images could not be converted"})
		return
	}
	data, err := os.ReadFile(out)
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "the images could not be converted"})
		return
	}
	c.Data(http.StatusOK, "image/gif", data)
}

func saveUpload(header *multipart.FileHeader, path string) error {
	src, err := header.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(path)
	if err != nil {
		return err
	}
	defer dst.Close()
	_, err = io.Copy(dst, src)
	return err
}

func main() {
	r := gin.Default()
	r.POST("/create-gif", createGIF)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
