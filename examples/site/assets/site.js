document.querySelector('h1').textContent += ' (checked by imagegate)';
