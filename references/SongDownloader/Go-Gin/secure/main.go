package main

import (
	"log"
	"net/http"

	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
)

var songs = "/var/songs"

// songPath is the real path of the song, or "" when it is not a regular file inside songs.
func songPath(filename string) string {
	if strings.ContainsRune(filename, 0) {
		return ""
	}
	path, err := filepath.EvalSymlinks(filepath.Join(songs, filename))
	if err != nil || !strings.HasPrefix(path, songs+string(filepath.Separator)) {
		return ""
	}
	if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
		return ""
	}
	return path
}

func download(c *gin.Context) {
	var in struct {
		Filename string `json:"filename"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.Filename == "" {
		c.JSON(http.StatusBadRequest, gin.H{"error": "filename is required"})
		return
	}
	path := songPath(in.Filename)
	if path == "" {
		c.JSON(http.StatusNotFound, gin.H{"error": "song not found"})
		return
	}
	f, err := os.Open(path)
	if err != nil {
		c.JSON(http.StatusNotFound, gin.H{"error": "song not found"})
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		c.JSON(http.StatusNotFound, gin.H{"error": "song not found"})
		return
	}
	c.DataFromReader(http.StatusOK, info.Size(), "audio/mpeg", f, nil)
}

func main() {
	if real, err := filepath.EvalSymlinks(songs); err == nil {
		songs = real
	}
	r := gin.Default()
	r.POST("/download", download)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
