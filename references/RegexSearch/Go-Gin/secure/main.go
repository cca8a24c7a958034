package main

import (
	"io/fs"
	"log"
	"net/http"

	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"
)

const maxFileBytes = 10 << 20 // larger files are not searched

var root string

// inside says whether path, with its symlinks resolved, lies in root.
func inside(path string) (string, bool) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(root, real)
	return real, err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

func search(c *gin.Context) {
	pattern := c.Query("regex")
	if pattern == "" {
		c.JSON(http.StatusBadRequest, gin.H{"error": "regex is required"})
		return
	}
	// Go's regexp (RE2) matches in time linear in the input: no pattern can backtrack for ever.
	re, err := regexp.Compile(pattern)
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid regex: " + err.Error()})
		return
	}
	base, ok := inside(filepath.Join(root, strings.TrimLeft(c.Query("directory"), `/\`)))
	if info, err := os.Stat(base); !ok || err != nil || !info.IsDir() {
		c.JSON(http.StatusBadRequest, gin.H{"error": "directory not found or not accessible"})
		return
	}
	recursive := map[string]bool{"true": true, "1": true, "yes": true}[strings.ToLower(c.Query("recursive"))]
	files := []string{}
	err = filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != base && !recursive {
				return filepath.SkipDir
			}
			return nil
		}
		real, ok := inside(path)
		if !ok {
			return nil
		}
		info, err := os.Stat(real)
		if err != nil || !info.Mode().IsRegular() || info.Size() > maxFileBytes {
			return nil
		}
		data, err := os.ReadFile(real)
		if err != nil {
			return nil
		}
		if re.Match(data) {
			rel, _ := filepath.Rel(base, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not read the files"})
		return
	}
	sort.Strings(files)
	c.JSON(http.StatusOK, map[string][]string{"files": files})
}

func main() {
	var err error
	if root, err = filepath.Abs("files"); err != nil {
		log.Fatal(err)
	}
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	r := gin.Default()
	r.GET("/search", search)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
