// Package docker holds the container image's entrypoint (entrypoint.sh);
// its tests run the entrypoint's shell code as the image does.
package docker
