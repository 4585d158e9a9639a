# escape=`
# A build agent image for Windows containers; the backtick escape keeps Windows paths readable.
ARG WINDOWS_TAG=ltsc2022
FROM mcr.microsoft.com/windows/servercore:${WINDOWS_TAG}

SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';"]

ENV GIT_VERSION=2.46.0 `
    NODE_VERSION=20.17.0 `
    AGENT_HOME=C:\agent

RUN $url = ('https://github.com/git-for-windows/git/releases/download/v{0}.windows.1/MinGit-{0}-64-bit.zip' -f $env:GIT_VERSION); `
    Invoke-WebRequest -Uri $url -OutFile git.zip; `
    Expand-Archive git.zip -DestinationPath C:\git; `
    Remove-Item git.zip -Force; `
    $env:PATH = 'C:\git\cmd;' + $env:PATH; `
    [Environment]::SetEnvironmentVariable('PATH', $env:PATH, [EnvironmentVariableTarget]::Machine)

RUN Invoke-WebRequest -Uri ('https://nodejs.org/dist/v{0}/node-v{0}-win-x64.zip' -f $env:NODE_VERSION) -OutFile node.zip; `
    Expand-Archive node.zip -DestinationPath C:\; `
    Rename-Item -Path ('C:\node-v{0}-win-x64' -f $env:NODE_VERSION) -NewName C:\nodejs; `
    Remove-Item node.zip -Force

WORKDIR C:\agent
COPY start.ps1 .
CMD ["powershell", ".\\start.ps1"]
